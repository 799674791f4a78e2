"""Forms at run time: turning user input into record values, and rendering HTML forms."""
