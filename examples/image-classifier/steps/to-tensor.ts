import { featureCount, type Batch, type Image, type Labels, type Split } from './types.ts';

export interface ToTensorInputs {
    readonly images: readonly Image[];
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
    const chosen = inputs.images.filter(image => image.split === inputs.split).slice(0, inputs.rows);
    if (chosen.length < inputs.rows) {
        throw new Error(`toTensor: the "${inputs.split}" split has ${chosen.length} images, ${inputs.rows} asked for`);
    }
    const x = new Float32Array(inputs.rows * featureCount);
    const y = new Int32Array(inputs.rows);
    chosen.forEach((image, row) => {
        if (image.pixels.length !== featureCount) throw new Error(`toTensor: image ${image.id} has ${image.pixels.length} pixels`);
        image.pixels.forEach((value, column) => { x[row * featureCount + column] = value / 16; });
        y[row] = image.label;
    });
    return { x: { dtype: 'f32', shape: [inputs.rows, featureCount], data: x }, y: { dtype: 'i32', shape: [inputs.rows], data: y } };
}
