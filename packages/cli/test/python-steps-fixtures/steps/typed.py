# A step typed against the contracts weft run generates (module `python`, from python.weft).
import time

from python import SlowTypedInputs, SlowTypedOutputs, slowTyped
from weft_contract import StepContext, implement


@implement(slowTyped)
def slow_typed(inputs: SlowTypedInputs, ctx: StepContext) -> SlowTypedOutputs:
    ctx.logger.info('sleeping')
    time.sleep(3)
    return SlowTypedOutputs(y=inputs.x * 3)
