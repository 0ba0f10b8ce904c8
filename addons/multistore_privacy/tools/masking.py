"""How a masked phone number or email address looks.

Store roles see ``138****5678`` and ``z***@example.com``: enough to tell a
customer "is this your number ending 5678?", not enough to call or mail them.
"""

MASK = "*"


def mask_phone(value):
    """Keep the first three and the last four digits of a long number (the
    last two of a short one); every other digit becomes ``*``. Spaces, ``+``
    and dashes stay where they are."""
    if not value or not isinstance(value, str):
        return value
    positions = [index for index, char in enumerate(value) if char.isdigit()]
    if len(positions) >= 8:
        keep = set(positions[:3] + positions[-4:])
    else:
        keep = set(positions[-2:])
    return "".join(
        char if not char.isdigit() or index in keep else MASK
        for index, char in enumerate(value)
    )


def mask_email(value):
    """First letter of the local part, then ``***``, domain kept:
    ``zhang.san@example.com`` -> ``z***@example.com``. Every address of a
    list (``a@x.com, b@y.com``) is masked."""
    if not value or not isinstance(value, str):
        return value
    masked = []
    for part in value.split(","):
        part = part.strip()
        # "Name <email>": mask the name too, it may hold the address.
        if "<" in part and part.endswith(">"):
            part = part[part.index("<") + 1 : -1]
        local, sep, domain = part.partition("@")
        if not sep:
            masked.append(MASK * 3)
            continue
        masked.append(f"{local[:1]}{MASK * 3}@{domain}")
    return ", ".join(masked)


def is_masked(value):
    """Whether ``value`` looks like a masked value (holds a ``*``)."""
    return isinstance(value, str) and MASK in value
