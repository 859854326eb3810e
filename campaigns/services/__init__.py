"""Business operations of the campaigns app, one function per use case (see each module)."""
