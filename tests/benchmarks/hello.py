"""The floor of any Typer command: a hello-world app with one option."""

import typer

app = typer.Typer()


@app.command()
def main(name: str = typer.Option("world", "--name")) -> None:
    print(f"hello {name}")


if __name__ == "__main__":
    app()
