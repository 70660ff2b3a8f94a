"""LCMCR moves that are off by default and did not help; compiled only when a run asks for one.

Import `vigil.estimate.lcmcr.experimental.kernel` (or set `LcmcrSettings.temperatures`,
`split_moves` or `jump_every`) to use them; the default sampler never imports this package.
"""
