"""The command line (Typer); commands call functions from invest_tag.model and .training."""
