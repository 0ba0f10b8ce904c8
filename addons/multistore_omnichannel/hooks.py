# The store rules of sales orders as multistore_base defines them.
BASE_RULE_DOMAINS = {
    "multistore_base.sale_order_rule_store": (
        "[('store_id', 'in', store_ids)] if store_ids is not None else []"
    ),
    "multistore_base.sale_order_line_rule_store": (
        "[('store_id', 'in', store_ids)] if store_ids is not None else []"
    ),
}


def uninstall_hook(env):
    """Give multistore_base its store rules back (this addon widened them to
    the pickup store)."""
    for xmlid, domain in BASE_RULE_DOMAINS.items():
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rule.domain_force = domain
