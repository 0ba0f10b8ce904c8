# The store rules of sales orders as multistore_omnichannel leaves them (it
# widened multistore_base's to the pickup store).
OMNICHANNEL_RULE_DOMAINS = {
    "multistore_base.sale_order_rule_store": (
        "['|', ('store_id', 'in', store_ids), ('pickup_store_id', 'in', "
        "store_ids)] if store_ids is not None else []"
    ),
    "multistore_base.sale_order_line_rule_store": (
        "['|', ('store_id', 'in', store_ids), ('order_id.pickup_store_id', "
        "'in', store_ids)] if store_ids is not None else []"
    ),
}


def uninstall_hook(env):
    """Give multistore_omnichannel its store rules back (this addon widened
    them to the orders a till looked up for a return)."""
    for xmlid, domain in OMNICHANNEL_RULE_DOMAINS.items():
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rule.domain_force = domain
