# Wrong: `train` leaves out its output `history`.
from weft_contract import Model, StepContext, implement
from training import TrainInputs, TrainOutputs, train as train_contract


@implement(train_contract)
def train(inputs: TrainInputs, ctx: StepContext) -> TrainOutputs:
    return TrainOutputs(model=Model(path='model.json'), metrics={'loss': 0.1})
