#!/usr/bin/env python3
"""Writes fake but well-formed credentials into DIR (a root filesystem overlay) and describes each in
PLANTED.json, so the secrets tests can assert on exact files, lines and values.

Every value is random, generated at build time (nothing here is a real credential); the PEM keys come from
openssl and are passed in as files. Hosts are example.invalid so nothing can resolve.
usage: plant_secrets.py DIR PLANTED.json RSA_PEM EC_PKCS8_PEM
"""
import base64, hashlib, hmac, json, os, random, secrets, string, sys, zlib

root, planted_path, rsa_pem_file, pkcs8_pem_file = sys.argv[1:5]
rnd = secrets.SystemRandom()
UPPER32 = string.ascii_uppercase + "234567"
ALNUM = string.ascii_letters + string.digits
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def pick(alphabet, n):
    return "".join(rnd.choice(alphabet) for _ in range(n))


def base62(num, width):
    out = ""
    while num:
        num, r = divmod(num, 62)
        out = B62[r] + out
    return out.rjust(width, "0")


def github_token(prefix):
    # GitHub's format: prefix + 30 random base62 chars + base62(crc32(random part)), 6 chars.
    body = pick(ALNUM, 30)
    return prefix + body + base62(zlib.crc32(body.encode()) & 0xFFFFFFFF, 6)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt():
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64url(json.dumps({"sub": "tollgate-test", "iat": 1700000000, "name": "fake user"}).encode())
    sig = b64url(hmac.new(secrets.token_bytes(32), f"{header}.{payload}".encode(), hashlib.sha256).digest())
    return f"{header}.{payload}.{sig}"


rsa_pem = open(rsa_pem_file).read()
pkcs8_pem = open(pkcs8_pem_file).read()
planted = []


def plant(rule, path, text, secret, deleted_later=False):
    full = os.path.join(root, path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)
    os.chmod(full, 0o600)
    # First line holding (the first line of) the secret, 1-based.
    first = secret.splitlines()[0]
    line = next(i for i, l in enumerate(text.splitlines(), 1) if first in l)
    planted.append({"rule": rule, "path": path, "layer": 1, "line": line, "value": secret,
                    "deletedInLaterLayer": deleted_later})


aws_id = "AKIA" + pick(UPPER32, 16)
aws_secret = pick(ALNUM + "/+", 40)
plant("aws-access-key-id", "/root/.aws/credentials",
      f"[default]\naws_access_key_id = {aws_id}\naws_secret_access_key = {aws_secret}\n", aws_id, deleted_later=True)
planted.append({"rule": "aws-secret-access-key", "path": "/root/.aws/credentials", "layer": 1, "line": 3, "value": aws_secret,
                "deletedInLaterLayer": True})

plant("private-key", "/root/.ssh/id_rsa", rsa_pem, rsa_pem.strip())
plant("private-key", "/etc/ssl/private/service.key", pkcs8_pem, pkcs8_pem.strip())

gh = github_token("ghp_")
plant("github-pat", "/app/config/github.env", f"# CI token\nGITHUB_TOKEN={gh}\n", gh)
gl = "glpat-" + pick(ALNUM + "-_", 20)
plant("gitlab-pat", "/app/config/gitlab.env", f"GITLAB_TOKEN={gl}\n", gl)
slack = f"xoxb-{pick(string.digits, 12)}-{pick(string.digits, 13)}-{pick(ALNUM, 24)}"
plant("slack-bot-token", "/app/config/slack.env", f"SLACK_BOT_TOKEN={slack}\n", slack)
stripe = "sk_live_" + pick(ALNUM, 24)
plant("stripe-secret-key", "/app/config/stripe.env", f"STRIPE_KEY={stripe}\n", stripe)
npm = "npm_" + pick(ALNUM, 36)
plant("npm-token", "/root/.npmrc", f"//npm.example.invalid/:_authToken={npm}\nalways-auth=true\n", npm)
pypi = "pypi-AgEIcHlwaS5vcmc" + pick(ALNUM + "-_", 70)
plant("pypi-token", "/root/.pypirc",
      f"[distutils]\nindex-servers = upload\n\n[upload]\nusername = __token__\npassword = {pypi}\n", pypi)
token = jwt()
plant("jwt", "/app/config/session.txt", f"session={token}\n", token)

gcp_key_id = secrets.token_hex(20)
gcp = {"type": "service_account", "project_id": "tollgate-fake-project", "private_key_id": gcp_key_id,
       "private_key": pkcs8_pem, "client_email": "fake-sa@tollgate-fake-project.iam.gserviceaccount.com",
       "client_id": pick(string.digits, 21), "token_uri": "https://oauth2.example.invalid/token"}
plant("gcp-service-account", "/app/config/gcp-sa.json", json.dumps(gcp, indent=2) + "\n", gcp_key_id)

azure_key = base64.b64encode(secrets.token_bytes(64)).decode()
plant("azure-storage-key", "/app/config/azure.env",
      "AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=tollgatefake;"
      f"AccountKey={azure_key};EndpointSuffix=core.windows.net\n", azure_key)

password = pick(ALNUM, 12) + "!" + pick(ALNUM, 7)
plant("generic-password", "/app/config/settings.ini", f"[database]\nhost = db.example.invalid\npassword = \"{password}\"\n",
      password)

docker_auth = base64.b64encode(f"deploy:{pick(ALNUM, 24)}".encode()).decode()
plant("docker-config-auth", "/root/.docker/config.json",
      json.dumps({"auths": {"registry.example.invalid": {"auth": docker_auth}}}, indent=2) + "\n", docker_auth)
netrc_pw = pick(ALNUM, 24)
plant("netrc-password", "/root/.netrc", f"machine git.example.invalid\n  login deploy\n  password {netrc_pw}\n", netrc_pw)
gitcred = pick(ALNUM, 24)
plant("git-credentials", "/root/.git-credentials", f"https://deploy:{gitcred}@git.example.invalid\n", gitcred)
kube = pick(ALNUM, 40)
plant("kubeconfig-token", "/root/.kube/config",
      "apiVersion: v1\nkind: Config\nusers:\n- name: deploy\n  user:\n"
      f"    token: {kube}\n", kube)

env_password = "Fake-" + pick(ALNUM, 16)
planted.append({"rule": "env-password", "path": None, "layer": None, "line": None, "value": env_password, "where": "config.Env DB_PASSWORD",
                "deletedInLaterLayer": False})

with open(planted_path, "w") as f:
    json.dump(planted, f, indent=2)
print(env_password)
