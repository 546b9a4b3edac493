"""Libya News Paragraphs: turn scraped news pages into labelled paragraph blocks.

The data flows one way through one module per stage::

    read -> normalise -> segment -> furniture -> labels -> split -> package
                                                      features -> model -> report

``newspara.build`` runs the dataset stages over a corpus folder; ``newspara.cli``
is the command line over the library.
"""

import os
import platform

#: Settings that make floating-point results the same on every x86-64 machine with
#: AVX2 (2013 and later): OpenBLAS's Haswell kernels and NumPy's AVX2 loops, whatever
#: the CPU. OpenBLAS and NumPy pick AVX-512 code on CPUs that have it, which rounds
#: float32 sums and some float64 functions differently: enough to move the embedding
#: baseline's scores in the fourth decimal and the saved model's last bits between two
#: machines. Both libraries read these when NumPy is first imported, so they are set
#: here, before newspara imports NumPy (a value already set is kept); the Makefile sets
#: them too, for the tests.
FIXED_KERNELS: dict[str, str] = {
    "OPENBLAS_CORETYPE": "Haswell",
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",
}
#: Whether this machine is x86-64, where ``FIXED_KERNELS`` apply.
ON_X86_64 = platform.machine().lower() in ("x86_64", "amd64")
if ON_X86_64:
    for _name, _value in FIXED_KERNELS.items():
        os.environ.setdefault(_name, _value)

__version__ = "0.5.0"
DATASET_NAME = "Libya News Paragraphs"
