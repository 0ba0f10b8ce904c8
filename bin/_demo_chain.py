"""Create a demo database whose company is a retail chain in China.

Odoo fixes a company's country, currency and chart of accounts when the
database is created (the "Country" of the database manager's form): once
journal entries exist, the currency can no longer change, and Odoo's own
demo data posts invoices as soon as ``account`` is installed. So the demo
databases (``bin/demo``, the end-to-end suite) are created the way the
database manager creates one for China: ``base`` alone first; then
Simplified Chinese is loaded beside English and the main company becomes
the chain's head office (country China, currency CNY, time zone
Asia/Shanghai, as are its administrator and demo users; its name and
address are in multistore_base's demo data); then the Chinese chart of
accounts (``l10n_cn``, with ``account``) is installed before anything that
needs journals (the POS demo data does), and the addons come after.
"""

import subprocess
import sys

LANG = "zh_CN"
TZ = "Asia/Shanghai"

# Run by ``odoo shell`` in the new database (``env`` is the shell's).
LOCALIZE = f"""
langs = env["res.lang"].with_context(active_test=False)
zh_cn = langs.search([("code", "=", {LANG!r})])
env["base.language.install"].create({{"lang_ids": [(6, 0, zh_cn.ids)]}}).lang_install()
company = env.ref("base.main_company")
cny = env.ref("base.CNY")
cny.active = True
company.write({{"country_id": env.ref("base.cn").id, "currency_id": cny.id}})
company.partner_id.tz = {TZ!r}
env["res.users"].with_context(active_test=False).search([]).partner_id.write(
    {{"tz": {TZ!r}}}
)
env.cr.commit()
print("demo chain:", company.currency_id.name, company.country_id.code)
"""


def odoo_base(python, conf, addons_path):
    """The start of every Odoo command line for this repository."""
    return [python, "-m", "odoo", "-c", str(conf), f"--addons-path={addons_path}"]


def create(base, db, out=None, timeout=1800):
    """Create ``db`` with the Chinese chain as its company and its chart of
    accounts, ready for the addons to be installed.

    ``base`` is ``odoo_base(...)``; ``out`` receives Odoo's output. Raises
    ``subprocess.CalledProcessError`` when a step fails.
    """
    python, rest = base[:3], base[3:]
    subprocess.run(
        [
            *base,
            "-d",
            db,
            "-i",
            "base",
            "--stop-after-init",
            "--max-cron-threads=0",
        ],
        stdout=out,
        stderr=subprocess.STDOUT,
        timeout=timeout,
        check=True,
    )
    subprocess.run(
        [*python, "shell", *rest, "-d", db, "--no-http", "--max-cron-threads=0"],
        input=LOCALIZE.encode(),
        stdout=out,
        stderr=subprocess.STDOUT,
        timeout=timeout,
        check=True,
    )
    subprocess.run(
        [*base, "-d", db, "-i", "l10n_cn", "--stop-after-init", "--max-cron-threads=0"],
        stdout=out,
        stderr=subprocess.STDOUT,
        timeout=timeout,
        check=True,
    )


if __name__ == "__main__":
    # Usage: python3 bin/_demo_chain.py DATABASE  (from the repository root)
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    create(odoo_base(sys.executable, root / "odoo.conf", root / "addons"), sys.argv[1])
