"""Reference tables shipped with the demo generator, read through importlib.resources."""
