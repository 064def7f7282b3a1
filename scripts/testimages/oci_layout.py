#!/usr/bin/env python3
"""Small edits to an OCI image layout that umoci cannot make, used by build-test-images.sh.

  patch-config LAYOUT TAG JSON     merge JSON into the image config's "config" object (e.g. a Docker
                                   Healthcheck, which the OCI config has no flag for) and re-tag the result
  index LAYOUT TAG REF...          write an image index (multi-arch) from the manifests tagged REF..., tag it TAG
  docker-oci-archive LAYOUT TAG REPO_TAG OUT.tar
                                   write a `docker save` (Docker >= 25, OCI-style) archive: the OCI layout plus
                                   manifest.json and repositories, as Docker writes them
Blobs are content-addressed, so every edit writes new blobs and rewrites index.json.
"""
import hashlib, json, os, sys, tarfile

INDEX_TYPE = "application/vnd.oci.image.index.v1+json"
REF = "org.opencontainers.image.ref.name"


def blob_path(layout, digest):
    algo, hexd = digest.split(":", 1)
    return os.path.join(layout, "blobs", algo, hexd)


def read_blob(layout, digest):
    with open(blob_path(layout, digest), "rb") as f:
        return json.load(f)


def write_blob(layout, obj):
    data = json.dumps(obj, separators=(",", ":")).encode()
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    with open(blob_path(layout, digest), "wb") as f:
        f.write(data)
    return digest, len(data)


def load_index(layout):
    with open(os.path.join(layout, "index.json")) as f:
        return json.load(f)


def find(index, tag):
    for d in index["manifests"]:
        if d.get("annotations", {}).get(REF) == tag:
            return d
    sys.exit(f"oci_layout: tag {tag} not found in index.json")


def set_tag(layout, index, tag, descriptor):
    index["manifests"] = [d for d in index["manifests"] if d.get("annotations", {}).get(REF) != tag]
    descriptor = dict(descriptor, annotations={REF: tag})
    index["manifests"].append(descriptor)
    with open(os.path.join(layout, "index.json"), "w") as f:
        json.dump(index, f, separators=(",", ":"))


def patch_config(layout, tag, patch):
    index = load_index(layout)
    desc = find(index, tag)
    manifest = read_blob(layout, desc["digest"])
    config = read_blob(layout, manifest["config"]["digest"])
    config.setdefault("config", {}).update(json.loads(patch))
    digest, size = write_blob(layout, config)
    manifest["config"] = dict(manifest["config"], digest=digest, size=size)
    mdigest, msize = write_blob(layout, manifest)
    set_tag(layout, index, tag, {"mediaType": desc["mediaType"], "digest": mdigest, "size": msize})


def make_index(layout, tag, refs):
    index = load_index(layout)
    entries = []
    for ref in refs:
        desc = find(index, ref)
        config = read_blob(layout, read_blob(layout, desc["digest"])["config"]["digest"])
        platform = {"architecture": config["architecture"], "os": config["os"]}
        if config.get("variant"):
            platform["variant"] = config["variant"]
        entries.append({"mediaType": desc["mediaType"], "digest": desc["digest"], "size": desc["size"],
                        "platform": platform})
    digest, size = write_blob(layout, {"schemaVersion": 2, "mediaType": INDEX_TYPE, "manifests": entries})
    set_tag(layout, index, tag, {"mediaType": INDEX_TYPE, "digest": digest, "size": size})


def docker_oci_archive(layout, tag, repo_tag, out):
    index = load_index(layout)
    desc = find(index, tag)
    manifest = read_blob(layout, desc["digest"])
    rel = lambda d: "blobs/" + d.replace(":", "/")
    docker_manifest = [{"Config": rel(manifest["config"]["digest"]), "RepoTags": [repo_tag],
                        "Layers": [rel(l["digest"]) for l in manifest["layers"]]}]
    repo, _, t = repo_tag.rpartition(":")
    only = {"schemaVersion": 2, "mediaType": INDEX_TYPE,
            "manifests": [dict(desc, annotations={REF: t, "io.containerd.image.name": repo_tag})]}
    wanted = [desc["digest"], manifest["config"]["digest"]] + [l["digest"] for l in manifest["layers"]]

    def add_bytes(tar, name, data):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mtime = 0
        import io
        tar.addfile(info, io.BytesIO(data))

    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
        add_bytes(tar, "oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
        add_bytes(tar, "index.json", json.dumps(only).encode())
        add_bytes(tar, "manifest.json", json.dumps(docker_manifest).encode())
        add_bytes(tar, "repositories", json.dumps({repo: {t: manifest["layers"][-1]["digest"].split(":")[1]}}).encode())
        for d in dict.fromkeys(wanted):
            tar.add(blob_path(layout, d), arcname=rel(d), filter=lambda i: (setattr(i, "mtime", 0), i)[1])


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "patch-config":
        patch_config(*args)
    elif cmd == "index":
        make_index(args[0], args[1], args[2:])
    elif cmd == "docker-oci-archive":
        docker_oci_archive(*args)
    else:
        sys.exit(f"oci_layout: unknown command {cmd}")
