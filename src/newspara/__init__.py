"""Libya News Paragraphs: turn scraped news pages into labelled paragraph blocks.

The data flows one way through one module per stage::

    read -> normalise -> segment -> furniture -> labels -> split -> package
                                                      features -> model -> report

``newspara.build`` runs the dataset stages over a corpus folder; ``newspara.cli``
is the command line over the library.
"""

__version__ = "0.4.0"
DATASET_NAME = "Libya News Paragraphs"
