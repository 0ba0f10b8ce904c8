"""SF Express's route push (路由推送): SF POSTs the route events of the
chain's waybills to the URL registered at its Open Platform.

SF sends no cookie and no user: the route is ``auth="none"``, its database
is the one the host name selects (``dbfilter``), and the token in the path
says which SF account the push is for (``multistore.connector.sf.account``
checks it before anything is read or recorded).
"""

from odoo import SUPERUSER_ID, http
from odoo.http import request

from ..models.multistore_connector_sf_account import PUSH_PATH


class SfRoutePushController(http.Controller):
    @http.route(
        PUSH_PATH.format(token="<string:token>"),
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        # auth="none" routes are read-only by default: this one records.
        readonly=False,
    )
    def sf_route_push(self, token, **form):
        # No user is logged in: the account method checks the token first,
        # then records as superuser only what belongs to that account.
        env = request.env(user=SUPERUSER_ID, su=True)
        status, answer = env["multistore.connector.sf.account"]._handle_route_push(
            token,
            request.httprequest.get_data(),
            form=form,
            remote_addr=request.httprequest.remote_addr,
        )
        # UTF-8 JSON: {"return_code":"0000","return_msg":"成功"} as SF expects.
        return request.make_json_response(answer, status=status)
