import { type Dataset, Tensor } from '@weft/runtime';
import { featureCount, type Batch, type Image, type Labels, type Split } from './types.ts';

export interface ToTensorInputs {
    readonly images: Dataset<Image>;
    readonly split: Split;
    readonly rows: number;
}

export interface ToTensorOutputs {
    /** `Tensor<f32, [rows, 64]>`: intensities scaled to 0–1. */
    readonly x: Batch;
    /** `Tensor<i32, [rows]>` */
    readonly y: Labels;
}

/** `step toTensor`: the first `rows` images of a split as a matrix and a label vector. */
export async function toTensor(inputs: ToTensorInputs): Promise<ToTensorOutputs> {
    return imagesToTensors(await inputs.images.readAll(), inputs.split, inputs.rows);
}

/** The first `rows` images of `split`, intensities scaled to 0–1; the pure core of the step. */
export function imagesToTensors(images: readonly Image[], split: Split, rows: number): ToTensorOutputs {
    const chosen = images.filter(image => image.split === split).slice(0, rows);
    if (chosen.length < rows) {
        throw new Error(`toTensor: the "${split}" split has ${chosen.length} images, ${rows} asked for`);
    }
    const x = new Float32Array(rows * featureCount);
    const y = new Int32Array(rows);
    chosen.forEach((image, row) => {
        if (image.pixels.length !== featureCount) throw new Error(`toTensor: image ${image.id} has ${image.pixels.length} pixels`);
        image.pixels.forEach((value, column) => { x[row * featureCount + column] = value / 16; });
        y[row] = image.label;
    });
    return { x: new Tensor('f32', [rows, featureCount], x), y: new Tensor('i32', [rows], y) };
}
