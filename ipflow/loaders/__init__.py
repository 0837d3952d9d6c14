"""Reading configuration and data files into validated domain objects.

Loaders do the I/O the domain may not: they read YAML/CSV, validate with
pydantic, and turn every problem into an :class:`~ipflow.errors.InputError`
naming the file, line, column and field.
"""
