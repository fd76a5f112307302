"""IDX files (the MNIST format, gzip-compressed) as numpy arrays, for the training scripts."""
import gzip
import struct

import numpy as np


def idx(path):
    """An IDX file (gzip) as a numpy array of uint8, shaped as its header says."""
    with gzip.open(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = magic & 0xFF
        shape = struct.unpack(">" + "I" * dims, f.read(4 * dims))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(shape)
