from tests.linkage.synthetic import population
from tests.linkage.test_linking_service import _load
from vigil.services import linking

def test_probe(store):
    rows, _ = population(150, seed=11)
    _load(store, rows)
    for t in (None, 0.99, 0.999, 0.9999):
        r = linking.run_linkage(store, threshold=t)
        d = r.diagnostics
        print(t, r.n_persons, d.signals(), d.singleton_count, d.near_miss_count, d.warnings)
