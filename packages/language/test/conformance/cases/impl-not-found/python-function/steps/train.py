# The implementations that pipeline.weft names, and names that only look like functions.
import json


def train(inputs, ctx):
    return {"model": json.dumps(inputs)}


async def  evaluate (inputs, ctx):
    return {"accuracy": 0.5}


class Publisher:
    def publish(self, inputs, ctx):
        return None


def tokenize_later(inputs):
    # def notify(message): not a definition
    return "def notify(message):"
