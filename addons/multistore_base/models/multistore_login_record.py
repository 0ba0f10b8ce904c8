from odoo import fields, models
from odoo.tools import SQL

# Row ids combine the session's first device log id and the store id.
STORE_ID_FACTOR = 1_000_000


class MultistoreLoginRecord(models.Model):
    """Who logged in, when and from where, per store (read only).

    Built on Odoo's own device log (``res.device.log``: one row per session,
    browser and IP address, with first and last activity; Odoo inserts it on
    authentication and keeps it up to date hourly). A login is one session
    of a user from one browser and address; it is shown once per allowed
    store of the user (users without store once, with no store), so that the
    global store rule shows store managers the logins of their stores'
    people and chain managers everything.
    """

    _name = "multistore.login.record"
    _description = "Login Record"
    _auto = False
    _order = "login_date desc, id desc"
    _rec_name = "user_id"
    _depends = {
        "res.device.log": [
            "session_identifier",
            "platform",
            "browser",
            "ip_address",
            "country",
            "city",
            "device_type",
            "user_id",
            "first_activity",
            "last_activity",
            "revoked",
        ],
        "res.users": ["store_ids"],
    }

    user_id = fields.Many2one("res.users", readonly=True)
    store_id = fields.Many2one("multistore.store", readonly=True)
    login_date = fields.Datetime(string="Login", readonly=True)
    last_activity = fields.Datetime(readonly=True)
    ip_address = fields.Char(string="IP Address", readonly=True)
    platform = fields.Char(readonly=True)
    browser = fields.Char(readonly=True)
    device_type = fields.Selection(
        [("computer", "Computer"), ("mobile", "Mobile")], readonly=True
    )
    country = fields.Char(readonly=True)
    city = fields.Char(readonly=True)
    revoked = fields.Boolean(
        readonly=True, help="The session was logged out from the user's devices."
    )

    @property
    def _table_query(self):
        return SQL(
            """
            WITH sessions AS (
                SELECT MIN(dlog.id) AS id,
                       dlog.user_id,
                       dlog.ip_address,
                       dlog.platform,
                       dlog.browser,
                       MAX(dlog.device_type) AS device_type,
                       MAX(dlog.country) AS country,
                       MAX(dlog.city) AS city,
                       MIN(dlog.first_activity) AS login_date,
                       MAX(dlog.last_activity) AS last_activity,
                       BOOL_OR(dlog.revoked) AS revoked
                  FROM res_device_log dlog
                 WHERE dlog.user_id IS NOT NULL
              GROUP BY dlog.user_id, dlog.session_identifier, dlog.platform,
                       dlog.browser, dlog.ip_address
            )
            SELECT sessions.id::bigint * %(factor)s
                       + COALESCE(rel.store_id, 0) AS id,
                   sessions.user_id,
                   rel.store_id,
                   sessions.login_date,
                   sessions.last_activity,
                   sessions.ip_address,
                   sessions.platform,
                   sessions.browser,
                   sessions.device_type,
                   sessions.country,
                   sessions.city,
                   sessions.revoked
              FROM sessions
         LEFT JOIN multistore_store_res_users_rel rel
                ON rel.user_id = sessions.user_id
            """,
            factor=STORE_ID_FACTOR,
        )
