"""Commands besides build and check: `minutes new` and `minutes serve`."""
