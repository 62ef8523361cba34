# The Python steps of houses.weft, written against the contracts `weft generate --lang python`
# writes (weft run puts them on the module path): numpy from Debian's python3-numpy.
import json
import os

import numpy
from numpy.typing import NDArray

from houses import FitInputs, FitOutputs, ScoreInputs, ScoreOutputs, fit as fit_contract, score as score_contract
from weft_contract import Model, StepContext, implement
from weft_worker import Record, read_records


def design(rows: list[Record]) -> tuple[NDArray[numpy.float64], NDArray[numpy.float64]]:
    """The features with a column of ones for the intercept, and the targets."""
    x = numpy.array([row['x'] for row in rows], dtype=numpy.float64)
    y = numpy.array([row['y'] for row in rows], dtype=numpy.float64)
    return numpy.hstack([x, numpy.ones((len(rows), 1))]), y


def rmse(weights: NDArray[numpy.float64], x: NDArray[numpy.float64], y: NDArray[numpy.float64]) -> float:
    return float(numpy.sqrt(numpy.mean((x @ weights - y) ** 2)))


@implement(fit_contract)
def fit(inputs: FitInputs, ctx: StepContext) -> FitOutputs:
    x, y = design([row for row in read_records(inputs.rows) if row['split'] == 'train'])
    # Ridge regression; the intercept is not penalised.
    penalty = inputs.l2 * numpy.eye(x.shape[1])
    penalty[-1, -1] = 0
    weights = numpy.linalg.solve(x.T @ x + penalty, x.T @ y)
    ctx.logger.info(f'fitted {x.shape[0]} rows', {'weights': [round(float(w), 3) for w in weights]})
    model = os.path.join(ctx.work_dir, 'ridge.json')
    with open(model, 'w', encoding='utf-8') as file:
        json.dump({'weights': weights.tolist()}, file)
    return FitOutputs(model=Model(path=model), trainRmse=rmse(weights, x, y))


@implement(score_contract)
def score(inputs: ScoreInputs, ctx: StepContext) -> ScoreOutputs:
    with open(inputs.model.path, encoding='utf-8') as file:
        weights = numpy.array(json.load(file)['weights'])
    x, y = design([row for row in read_records(inputs.rows) if row['split'] == 'test'])
    residuals = x @ weights - y
    r2 = 1 - float(numpy.sum(residuals ** 2) / numpy.sum((y - y.mean()) ** 2))
    return ScoreOutputs(metrics={'rmse': rmse(weights, x, y), 'r2': r2, 'rows': float(len(y))})
