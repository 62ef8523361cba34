# Wrong: `train` returns the outputs of another step.
from weft_contract import StepContext, implement
from training import EvaluateOutputs, TrainInputs, train as train_contract


@implement(train_contract)
def train(inputs: TrainInputs, ctx: StepContext) -> EvaluateOutputs:
    raise NotImplementedError
