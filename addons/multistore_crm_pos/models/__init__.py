from . import pos_config
