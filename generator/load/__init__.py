"""Load stage: the site config, the content files with their front matter, and their schemas."""
