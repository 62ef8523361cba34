# The Python steps of the mixed pipeline, written against the contracts that
# `weft generate --lang python` writes: `mypy --strict` passes on this file.
from weft_contract import File, Model, StepContext, implement
from records import Pair, Tree
from training import (
    EvaluateInputs, EvaluateOutputs, PublishInputs, TrainInputs, TrainOutputs,
    evaluate as evaluate_contract, publish as publish_contract, train as train_contract,
)


@implement(train_contract)
def train(inputs: TrainInputs, ctx: StepContext) -> TrainOutputs:
    ctx.logger.info('training', {'lr': inputs.lr, 'epochs': inputs.options.epochs})
    history = [1.0 / (epoch + 1) for epoch in range(inputs.options.epochs)]
    return TrainOutputs(model=Model(path=f'{ctx.work_dir}/model.json'), metrics={'loss': history[-1]}, history=history)


@implement(evaluate_contract)
async def evaluate(inputs: EvaluateInputs, ctx: StepContext) -> EvaluateOutputs:
    if ctx.cancelled.is_set():
        raise RuntimeError('cancelled')
    rows = inputs.batch.shape[0]
    return EvaluateOutputs(
        accuracy=0.5, worst='neg' if rows > 0 else None, scores=Pair(first=0.4, second=0.6),
        tree=Tree(value=1, children=[]), extra=['a', [1.0, True]], report=File(path=inputs.model.path),
    )


@implement(publish_contract)
def publish(inputs: PublishInputs, ctx: StepContext) -> None:
    ctx.logger.info(f'publishing to {inputs.channel}')
