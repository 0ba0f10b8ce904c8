"""Which models the store roles read chain-wide, and why.

Every model a store staff or store manager can read (``ir.model.access``) is
either scoped to the user's allowed stores by a GLOBAL record rule whose
domain uses ``store_ids`` (see ``models/ir_rule.py``), or listed here with
the reason why all stores share it. ``tests/test_model_coverage.py`` walks
the access rights of both roles and fails for any readable model that is
neither scoped nor listed: a new model gets a store rule or a written
decision, never silence.

Keep the reasons short and grouped; a model scoped for writes only (its rule
has ``perm_read`` off, e.g. stock quants) is listed here for its reads.
"""

# Reasons, grouped: one sentence each, shared by the models of the group.
CATALOGUE = (
    "One catalogue for the chain: products, their variants, attributes, "
    "categories, packaging, combos, units and suppliers are the same in every "
    "store."
)
PRICES = (
    "Prices are public in the chain: price lists, their items and the price "
    "changes and history behind them are read by every store (edits are "
    "limited by their own rules and workflow)."
)
CUSTOMERS = (
    "Customers and suppliers are chain-wide: a member buys in any store, a "
    "supplier delivers to every store."
)
LOYALTY = (
    "One membership for every store: programmes, rules, rewards, tiers and "
    "card balances are the same everywhere (history lines and adjustments "
    "are store documents with their own rule)."
)
STOCK_READ = (
    "Stock quantities of other stores are readable by decision (a cashier "
    "checks another store's stock for a customer); writes and inventory "
    "adjustments are limited to the user's stores (stock_quant_rule_store_write "
    "and stock.quant checks)."
)
STOCK_CONFIG = (
    "Stock structure and configuration shared by the chain: locations, "
    "operation types, routes and rules, packages, lots, storage categories. "
    "They hold no document of a store; documents that use them are scoped."
)
POS_CONFIG = (
    "Till configuration shared by the chain: categories, payment methods, "
    "bills, notes and printers; the tills, sessions, orders and payments "
    "that use them are scoped."
)
ACCOUNTING_CONFIG = (
    "Accounting configuration shared by the company: chart of accounts, "
    "taxes, journals, fiscal positions, payment terms, analytic accounts "
    "(the stores' P&L accounts are named on the store, which is chain-wide)."
)
STORES = (
    "The chain's stores, sales teams and companies: names and addresses are "
    "chain-wide so that staff can point customers to another store; editing "
    "is limited by their own rules."
)
FOLLOWS_DOCUMENT = (
    "Access follows the document it is attached to: Odoo checks the related "
    "record (mail.message, attachments, followers, activities...), which is "
    "itself scoped."
)
PER_USER = (
    "Personal to the user or shared by everyone in the database: Odoo's own "
    "rules limit it to the user (devices, settings, API keys, discuss, "
    "presence) or it holds no store data."
)
TECHNICAL = (
    "Technical or configuration data of the database (menus, actions, "
    "sequences, languages, currencies, countries, report layouts, filters, "
    "tours, UTM, IAP, digests, dashboards): no store data."
)
WEBSITE = (
    "The chain's one online shop and its delivery methods: websites, menus, "
    "shop categories, ribbons, product images, units, checkout fields, "
    "carriers and their price rules, short links and product ratings are "
    "public or chain-wide; the online orders themselves are scoped "
    "(multistore_omnichannel)."
)
QUOTATION_TEMPLATES = (
    "Quotation templates and the documents and form fields of quotations "
    "(sale_management, sale_pdf_quote_builder) are the chain's sales "
    "configuration; the optional products of an order follow their order "
    "(store rule of multistore_omnichannel, which brings these modules)."
)
POLICIES = (
    "One policy for the chain: the reason codes of returns (and the other "
    "rules chain managers set) read the same in every store."
)
SURVEYS = (
    "Surveys, their questions and Odoo's badges and challenges (which surveys "
    "bring) are the chain's; the answers linked to a store are scoped "
    "(multistore_omnichannel_survey)."
)
HELPDESK = (
    "The helpdesk's teams, stages, channels, categories, tags and service "
    "levels are the chain's configuration; tickets are scoped per store "
    "(multistore_helpdesk)."
)
PROCUREMENT = (
    "Procurement groups only group the moves of one need; the pickings, moves "
    "and orders they group are scoped."
)

_GROUPS = {
    POLICIES: ("multistore.return.reason",),
    HELPDESK: (
        "helpdesk.ticket.category",
        "helpdesk.ticket.channel",
        "helpdesk.ticket.stage",
        "helpdesk.ticket.tag",
        "helpdesk.ticket.team",
        "multistore.helpdesk.sla",
    ),
    SURVEYS: (
        "survey.survey",
        "survey.question",
        "survey.question.answer",
        "gamification.badge",
        "gamification.badge.user",
        "gamification.challenge",
        "gamification.challenge.line",
        "gamification.goal",
        "gamification.goal.definition",
        "gamification.karma.rank",
    ),
    CATALOGUE: (
        "product.attribute",
        "product.attribute.custom.value",
        "product.attribute.value",
        "product.category",
        "product.combo",
        "product.combo.item",
        "product.document",
        "product.packaging",
        "product.product",
        "product.supplierinfo",
        # Products bought together (multistore_crm): chain-wide counts of
        # pairs of products in baskets, no customer or store in them.
        "multistore.product.affinity",
        "product.tag",
        "product.template",
        "product.template.attribute.exclusion",
        "product.template.attribute.line",
        "product.template.attribute.value",
        "uom.category",
        "uom.uom",
    ),
    PRICES: (
        "product.pricelist",
        "product.pricelist.item",
        "multistore.price.change",
        "multistore.price.change.line",
        "multistore.price.history",
        # A promotion or holiday (demand event) is no secret between stores;
        # managers edit only events whose stores are all theirs.
        "multistore.demand.event",
    ),
    CUSTOMERS: (
        "res.partner",
        # The customer's chain-wide figures (multistore_crm): the 360 view
        # every store reads; the per-store rows are scoped.
        "multistore.customer.profile",
        "multistore.customer.category.fact",
        # A customer's marketing consent (multistore_privacy) holds in every
        # store: the log lines belong to the customer, not to a store.
        "multistore.privacy.consent",
        "res.partner.bank",
        "res.partner.category",
        "res.partner.industry",
        "res.partner.title",
        "res.bank",
        "payment.method",
        "payment.token",
    ),
    LOYALTY: (
        "loyalty.card",
        "loyalty.mail",
        "loyalty.program",
        "loyalty.reward",
        "loyalty.rule",
        "multistore.loyalty.tier",
        "multistore.loyalty.card.store",
    ),
    STOCK_READ: (
        "stock.quant",
        "stock.quant.package",
        "stock.lot",
        "stock.lot.report",
        "report.stock.quantity",
        "multistore.stock.matrix",
    ),
    STOCK_CONFIG: (
        "stock.location",
        "stock.package.type",
        "stock.picking.type",
        "stock.putaway.rule",
        "stock.route",
        "stock.rule",
        "stock.scrap.reason.tag",
        "stock.storage.category",
        "stock.storage.category.capacity",
        "product.removal",
        "barcode.nomenclature",
        "barcode.rule",
    ),
    POS_CONFIG: (
        "pos.bill",
        "pos.category",
        "pos.note",
        "pos.payment.method",
        "pos.printer",
    ),
    ACCOUNTING_CONFIG: (
        "account.account",
        "account.account.tag",
        "account.analytic.account",
        "account.cash.rounding",
        "account.fiscal.position",
        "account.fiscal.position.account",
        "account.fiscal.position.tax",
        "account.incoterms",
        "account.journal",
        "account.lock_exception",
        "account.payment.method",
        "account.payment.method.line",
        "account.payment.term",
        "account.payment.term.line",
        "account.tax",
        "account.tax.group",
        "account.tax.repartition.line",
    ),
    STORES: (
        "multistore.store",
        "crm.team",
        "crm.team.member",
        "crm.tag",
        "res.company",
        "resource.calendar",
        "resource.calendar.attendance",
        "resource.calendar.leaves",
        "resource.resource",
    ),
    FOLLOWS_DOCUMENT: (
        "ir.attachment",
        "mail.activity",
        "mail.followers",
        "mail.message",
        "mail.notification",
        "mail.scheduled.message",
        "snailmail.letter",
    ),
    PER_USER: (
        "auth_totp.device",
        "bus.presence",
        "discuss.channel",
        "discuss.channel.member",
        "discuss.gif.favorite",
        "mail.guest",
        "res.device",
        "res.device.log",
        "res.groups",
        "res.users",
        "res.users.apikeys",
        "res.users.settings",
        "res.users.settings.volumes",
    ),
    TECHNICAL: (
        "base_import.mapping",
        "decimal.precision",
        "digest.digest",
        "digest.tip",
        "iap.account",
        "iap.service",
        "ir.actions.report",
        "ir.default",
        "ir.embedded.actions",
        "ir.exports.line",
        "ir.filters",
        "ir.module.category",
        "ir.module.module",
        "ir.sequence",
        "ir.sequence.date_range",
        "ir.ui.menu",
        "mail.activity.plan",
        "mail.activity.plan.template",
        "mail.activity.type",
        "mail.alias",
        "mail.alias.domain",
        "mail.canned.response",
        "mail.message.subtype",
        "mail.template",
        "report.layout",
        "report.paperformat",
        "res.country",
        "res.country.group",
        "res.country.state",
        "res.currency",
        "res.currency.rate",
        "res.lang",
        "res.partner.autocomplete.sync",
        "sms.template",
        "spreadsheet.dashboard",
        "spreadsheet.dashboard.group",
        "spreadsheet.dashboard.share",
        "utm.campaign",
        "utm.medium",
        "utm.source",
        "utm.stage",
        "utm.tag",
        "web_tour.tour",
        "web_tour.tour.step",
    ),
    WEBSITE: (
        "base.geo_provider",
        "delivery.carrier",
        "delivery.price.rule",
        "delivery.zip.prefix",
        "link.tracker",
        "link.tracker.click",
        "link.tracker.code",
        "product.image",
        "product.public.category",
        "product.ribbon",
        "rating.rating",
        "website",
        "website.base.unit",
        "website.menu",
        "website.sale.extra.field",
    ),
    QUOTATION_TEMPLATES: (
        "quotation.document",
        "sale.order.template",
        "sale.order.template.line",
        "sale.order.template.option",
        "sale.pdf.form.field",
    ),
    PROCUREMENT: ("procurement.group",),
}

# {model name: reason it is read chain-wide}
CHAIN_WIDE_MODELS = {
    model: reason for reason, models in _GROUPS.items() for model in models
}
