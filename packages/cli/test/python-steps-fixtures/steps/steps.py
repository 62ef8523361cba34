import logging


def flaky(inputs, ctx):
    logging.info('attempt %d of flaky', ctx.attempt)
    if ctx.attempt == 1:
        raise ConnectionError('the first attempt always fails')
    return {'y': inputs.x + 1}


def explode(inputs, ctx):
    return divide(inputs.x)


def divide(x):
    return {'y': x // 0}


def lie(inputs, ctx):
    return {'y': 'not a number'}
