"""The Flask app factory, its blueprints and the CLI."""
