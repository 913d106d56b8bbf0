#!/bin/bash
# Build the book of shared/reviews/letters.md and print every message kind x language x
# loan, for an independent reading of the letters (run it with any debtplan binary).
#
#   bash scripts/review_letters.sh [DEBTPLAN_BINARY] [SCRATCH_FOLDER] > letters.txt 2>&1
#
# The book: an online flat-fee CNY loan 12 days late (网贷A), a Chinese bank credit card
# (招行信用卡, no account number) and a US car loan 58 days late (Honda), on 2026-11-28,
# with two logged collector contacts on 网贷A. Nothing outside SCRATCH_FOLDER is touched.
B=${1:-debtplan}; D=${2:-/tmp/debtplan-letters-review}
mkdir -p $D && cd $D && rm -rf loans.toml*
export DEBTPLAN_FILE=$D/loans.toml DEBTPLAN_TODAY=2026-11-28
$B add 网贷A --lender "某某小额贷款有限公司" --account "WD20260305001" --currency CNY \
  --method flat --principal 10000 --rate 0 --fee-rate 0.75% --term 12 --start 2026-03-05 \
  --first-due 2026-04-16 --penalty-rate 0.05% --late-fee 30 --lender-type online >/dev/null
for d in 2026-04-16 2026-05-16 2026-06-16 2026-07-16 2026-08-16 2026-09-16 2026-10-16; do
  $B pay 网贷A 908.33 --date $d >/dev/null; done
$B add 招行信用卡 --lender "招商银行信用卡中心" --currency CNY --balance 15000 \
  --rate 0.05%/day --start 2026-09-01 --min-payment 10% --late-fee 50 >/dev/null
$B add Honda --lender "American Honda Finance" --account "HF-559012" --currency USD \
  --principal 24000 --rate 6.9 --term 60 --start 2025-12-01 --late-fee 25 --jurisdiction us >/dev/null
for d in 2026-01-01 2026-02-01 2026-03-01 2026-04-01 2026-05-01 2026-06-01 2026-07-01 \
         2026-08-01 2026-09-01; do $B pay Honda 474.10 --date $d >/dev/null; done
$B contact 网贷A --at 2026-11-20T22:15 --channel 电话 --conduct 威胁 --conduct 冒充公检法 >/dev/null
$B contact 网贷A --at 2026-11-21T09:00 --channel 短信 --conduct 爆通讯录 >/dev/null
for k in extension waiver installments hardship settlement validation contact-rules \
         credit-dispute non-malicious complaint; do
  for l in zh en; do
    for n in 网贷A 招行信用卡 Honda; do
      echo "=== $k / $l / $n"
      v=""; [ "$n" = Honda ] && v=--vehicle
      o="--offer 1000"; [ $k = waiver ] && o=""
      f=""; [ $k = credit-dispute ] && f=--force
      if [ $l = zh ]; then r="我于2026年9月30日失业"; else r="I lost my job on 30 September 2026"; fi
      $B message "$n" --kind $k --lang $l --pay-on 2026-12-10 --budget 300 \
        --total-budget 1200 --reason "$r" --cause job-loss \
        $o $f --wrong "overdue in 2026-10" --should "paid on time on 2026-10-05" \
        --borrower "王芳" $v 2>&1
    done
  done
done
