# Wrong: `train` takes the inputs of another step.
from weft_contract import StepContext, implement
from training import EvaluateInputs, TrainOutputs, train as train_contract


@implement(train_contract)
def train(inputs: EvaluateInputs, ctx: StepContext) -> TrainOutputs:
    raise NotImplementedError
