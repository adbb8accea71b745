"""Build stage: what runs the other stages, in parallel, with a cache, into the output folder."""
