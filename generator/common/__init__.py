"""What every stage shares: problems and their formatting, compact pickling, slugs, interface text."""
