"""Writes a small random VGG-style Keras model to an HDF5 file the way tf.keras 2.x's model.save('x.h5')
lays it out (the same h5py calls as keras/saving/legacy/hdf5_format.py), for the Java tests: no
TensorFlow needed and no weights downloaded.

usage: write_keras_model.py SPEC_JSON OUT_H5
SPEC_JSON: {"style": "functional" | "sequential", "input_shape": [H|null, W|null, C], "seed": int,
            "layers": [["conv", name, filters, activation, kernel?, padding?, strides?, data_format?],
                       ["pool", name, padding, pool?], ["dense", name, units], ...]}
"""
import json
import sys

import h5py
import numpy as np

KERAS_VERSION = "2.13.1"
BACKEND = "tensorflow"


def conv_config(name, filters, activation, kernel=3, padding="same", strides=1, data_format="channels_last"):
    return {"name": name, "trainable": True, "dtype": "float32", "filters": filters,
            "kernel_size": [kernel, kernel], "strides": [strides, strides], "padding": padding,
            "data_format": data_format, "dilation_rate": [1, 1], "groups": 1, "activation": activation,
            "use_bias": True,
            "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
                                   "config": {"seed": None}, "registered_name": None},
            "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {},
                                 "registered_name": None},
            "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
            "kernel_constraint": None, "bias_constraint": None}


def pool_config(name, padding="valid", pool=2):
    return {"name": name, "trainable": True, "dtype": "float32", "pool_size": [pool, pool],
            "padding": padding, "strides": [pool, pool], "data_format": "channels_last"}


def dense_config(name, units):
    return {"name": name, "trainable": True, "dtype": "float32", "units": units, "activation": "linear",
            "use_bias": True,
            "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
                                   "config": {"seed": None}, "registered_name": None},
            "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {},
                                 "registered_name": None},
            "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
            "kernel_constraint": None, "bias_constraint": None}


def build(spec):
    rng = np.random.RandomState(spec["seed"])
    channels = spec["input_shape"][-1]
    input_name = "input_1"
    layers = [{"class_name": "InputLayer",
               "config": {"batch_input_shape": [None] + spec["input_shape"], "dtype": "float32",
                          "sparse": False, "ragged": False, "name": input_name}}]
    weights = {input_name: []}
    order = [input_name]
    for entry in spec["layers"]:
        kind, name = entry[0], entry[1]
        if kind == "conv":
            config = conv_config(name, *entry[3 - 1:])
            k = config["kernel_size"][0]
            filters = config["filters"]
            bound = np.sqrt(6.0 / (k * k * channels + k * k * filters))
            kernel = rng.uniform(-bound, bound, (k, k, channels, filters)).astype(np.float32)
            bias = rng.uniform(-0.1, 0.1, (filters,)).astype(np.float32)
            weights[name] = [(name + "/kernel:0", kernel), (name + "/bias:0", bias)]
            layers.append({"class_name": "Conv2D", "config": config})
            channels = filters
        elif kind == "pool":
            layers.append({"class_name": "MaxPooling2D", "config": pool_config(name, *entry[2:])})
            weights[name] = []
        elif kind == "dense":
            units = entry[2]
            layers.append({"class_name": "Flatten", "config": {"name": name + "_flatten", "trainable": True,
                                                               "dtype": "float32", "data_format": "channels_last"}})
            weights[name + "_flatten"] = []
            order.append(name + "_flatten")
            fan_in = channels * spec["input_shape"][0] * spec["input_shape"][1]  # only for fixed sizes
            kernel = rng.uniform(-0.1, 0.1, (fan_in, units)).astype(np.float32)
            bias = np.zeros((units,), np.float32)
            weights[name] = [(name + "/kernel:0", kernel), (name + "/bias:0", bias)]
            layers.append({"class_name": "Dense", "config": dense_config(name, units)})
        else:
            raise ValueError("unknown layer kind " + kind)
        order.append(name)
    if spec["style"] == "functional":
        previous = None
        for layer in layers:
            layer["name"] = layer["config"]["name"]
            layer["inbound_nodes"] = [] if previous is None else [[[previous, 0, 0, {}]]]
            previous = layer["name"]
        model = {"class_name": "Functional",
                 "config": {"name": "vgg19", "trainable": True, "layers": layers,
                            "input_layers": [[input_name, 0, 0]], "output_layers": [[order[-1], 0, 0]]}}
    else:
        model = {"class_name": "Sequential", "config": {"name": "sequential", "layers": layers}}
    model["keras_version"] = KERAS_VERSION
    model["backend"] = BACKEND
    return model, order, weights


def save(path, model, order, weights):
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
        f.attrs["backend"] = BACKEND.encode("utf8")
        f.attrs["model_config"] = json.dumps(model).encode("utf8")
        group = f.create_group("model_weights")
        group.attrs["layer_names"] = [name.encode("utf8") for name in order]
        group.attrs["backend"] = BACKEND.encode("utf8")
        group.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
        for name in order:
            g = group.create_group(name)
            g.attrs["weight_names"] = [w.encode("utf8") for w, _ in weights[name]]
            for weight_name, value in weights[name]:
                dataset = g.create_dataset(weight_name, value.shape, dtype=value.dtype)
                dataset[()] = value


if __name__ == "__main__":
    spec = json.loads(sys.argv[1])
    save(sys.argv[2], *build(spec))
