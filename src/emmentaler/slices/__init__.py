"""Built-in slices, one file each; registered through the ``emmentaler.slices`` entry points."""
