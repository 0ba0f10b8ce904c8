from . import chain_summary_xlsx
