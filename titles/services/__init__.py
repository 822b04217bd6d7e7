"""Writes of the titles app, one module per subdomain. Every function is keyword-only,
takes `by` (the acting user), runs in a transaction and raises
core.workflow.TransitionError (Chinese message) for expected user errors."""


def fresh(obj):
    """The row as it is now, locked for this transaction: transitions save the whole
    row, so they must never run on a stale copy a caller kept. Call it inside
    transaction.atomic: PostgreSQL refuses a row lock in autocommit."""
    return type(obj)._default_manager.select_for_update(of=("self",)).get(pk=obj.pk)
