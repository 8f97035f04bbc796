"""The classroom's pages (Solara components), served by :mod:`ddsim.play.web`."""
