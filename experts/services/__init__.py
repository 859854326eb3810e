"""Business operations of the expert network: one function per use case (see DESIGN.md "Style")."""
