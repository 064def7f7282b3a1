using System.Text.Json;
using Tollgate.Analysis.Tests.Support;
using static Tollgate.Analysis.Tests.Support.FakeSecrets;

namespace Tollgate.Analysis.Tests.Secrets;

/// <summary>A fake credential written into a file, and where the scanner must report it.</summary>
public sealed record Planted(string Rule, string Path, string Text, string Secret)
{
    /// <summary>1-based line holding the start of the secret.</summary>
    public int Line => Text.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(Secret.Split('\n')[0], StringComparison.Ordinal)).i + 1;
}

/// <summary>One planted example per built-in file rule, with fresh random values.</summary>
public static class PlantedSecrets
{
    public static IReadOnlyList<Planted> Create()
    {
        var awsId = "AKIA" + Pick(Upper32, 16);
        var awsSecret = Pick(Alnum + "/+", 40);
        var rsa = RsaPem();
        var pkcs8 = EcPkcs8Pem();
        var openssh = OpenSshPem();
        var gcpKeyId = Pick(Hex, 40);
        var gcpJson = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account", ["project_id"] = "tollgate-fake", ["private_key_id"] = gcpKeyId, ["private_key"] = pkcs8,
            ["client_email"] = "fake-sa@tollgate-fake.iam.gserviceaccount.com", ["client_id"] = Pick(Digits, 21),
        }, new JsonSerializerOptions { WriteIndented = true });
        var slackBot = $"xoxb-{Pick(Digits, 12)}-{Pick(Digits, 13)}-{Pick(Alnum, 24)}";
        var slackUser = $"xoxp-{Pick(Digits, 12)}-{Pick(Digits, 12)}-{Pick(Digits, 12)}-{Pick(Alnum, 32)}";
        var webhook = $"T{Pick(Upper32, 8)}/B{Pick(Upper32, 10)}/{Pick(Alnum, 24)}";
        var azureKey = Base64(64);
        var sasKey = Base64(32);
        var azureClientSecret = Pick(Alnum, 3) + Pick(Digits, 1) + "Q~" + Pick(Alnum + "_~.-", 34);
        var password = Pick(Alnum, 12) + "!" + Pick(Alnum, 7);
        var dockerAuth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("deploy:" + Pick(Alnum, 24)));
        var netrc = Pick(Alnum, 24);
        var gitCred = Pick(Alnum, 24);
        var npmrcAuth = Base64(30);
        var pypircPassword = Pick(Alnum, 20);
        var kubeToken = Pick(Alnum, 40);
        var kubeKey = Base64(600);
        var ghp = "ghp_" + Pick(Alnum, 36);
        var gho = "gho_" + Pick(Alnum, 36);
        var ghs = "ghs_" + Pick(Alnum, 36);
        var ghr = "ghr_" + Pick(Alnum, 36);
        var ghFine = "github_pat_" + Pick(Alnum, 22) + "_" + Pick(Alnum, 59);
        var glpat = "glpat-" + Pick(Alnum + "-_", 20);
        var glrt = "glrt-" + Pick(Alnum + "-_", 20);
        var stripe = "sk_live_" + Pick(Alnum, 24);
        var npm = "npm_" + Pick(Alnum, 36);
        var pypi = "pypi-AgEIcHlwaS5vcmc" + Pick(Alnum + "-_", 70);
        var jwt = Jwt();
        var gcpApi = "AIza" + Pick(Alnum + "-_", 35);

        return
        [
            new("aws-access-key-id", "/root/.aws/credentials", $"[default]\naws_access_key_id = {awsId}\naws_secret_access_key = {awsSecret}\n", awsId),
            new("aws-secret-access-key", "/root/.aws/credentials", $"[default]\naws_access_key_id = {awsId}\naws_secret_access_key = {awsSecret}\n", awsSecret),
            new("private-key", "/root/.ssh/id_rsa", rsa, rsa.Trim()),
            new("private-key", "/etc/ssl/private/service.key", pkcs8, pkcs8.Trim()),
            new("private-key", "/home/app/.ssh/id_ed25519", openssh, openssh.Trim()),
            new("gcp-service-account", "/app/config/gcp-sa.json", gcpJson + "\n", gcpKeyId),
            new("github-pat", "/app/config/github.env", $"# CI token\nGITHUB_TOKEN={ghp}\n", ghp),
            new("github-oauth", "/app/config/gh-oauth.txt", $"token {gho}\n", gho),
            new("github-app-token", "/app/config/gh-app.yaml", $"app:\n  installation_token: \"{ghs}\"\n", ghs),
            new("github-refresh-token", "/app/config/gh-refresh.txt", $"refresh={ghr}\n", ghr),
            new("github-fine-grained-pat", "/app/config/gh-fine.env", $"GH={ghFine}\n", ghFine),
            new("gitlab-pat", "/app/config/gitlab.env", $"GITLAB_TOKEN={glpat}\n", glpat),
            new("gitlab-runner-token", "/etc/gitlab-runner/config.toml", $"[[runners]]\n  url = \"https://gitlab.example.invalid\"\n  token = \"{glrt}\"\n", glrt),
            new("slack-bot-token", "/app/config/slack.env", $"SLACK_BOT_TOKEN={slackBot}\n", slackBot),
            new("slack-token", "/app/config/slack-user.env", $"SLACK_USER={slackUser}\n", slackUser),
            new("slack-webhook-url", "/app/notify.sh", $"#!/bin/sh\ncurl -X POST https://hooks.slack.com/services/{webhook} -d @msg.json\n", webhook),
            new("stripe-secret-key", "/app/config/stripe.env", $"STRIPE_KEY={stripe}\n", stripe),
            new("npm-token", "/root/.npmrc", $"//npm.example.invalid/:_authToken={npm}\nalways-auth=true\n", npm),
            new("pypi-token", "/root/.pypirc", $"[distutils]\nindex-servers = upload\n\n[upload]\nusername = __token__\npassword = {pypi}\n", pypi),
            new("jwt", "/app/config/session.txt", $"session={jwt}\n", jwt),
            new("gcp-api-key", "/app/static/maps.js", $"const mapsKey = \"{gcpApi}\";\n", gcpApi),
            new("azure-storage-key", "/app/config/azure.env",
                $"AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=tollgatefake;AccountKey={azureKey};EndpointSuffix=core.windows.net\n", azureKey),
            new("azure-sas-key", "/app/config/servicebus.env",
                $"SB=Endpoint=sb://fake.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={sasKey}\n", sasKey),
            new("azure-ad-client-secret", "/app/config/aad.json", $"{{\n  \"clientSecret\": \"{azureClientSecret}\"\n}}\n", azureClientSecret),
            new("generic-password", "/app/config/settings.ini", $"[database]\nhost = db.example.invalid\npassword = \"{password}\"\n", password),
            new("docker-config-auth", "/root/.docker/config.json", $"{{\n  \"auths\": {{\n    \"registry.example.invalid\": {{\n      \"auth\": \"{dockerAuth}\"\n    }}\n  }}\n}}\n", dockerAuth),
            new("netrc-password", "/root/.netrc", $"machine git.example.invalid\n  login deploy\n  password {netrc}\n", netrc),
            new("git-credentials", "/root/.git-credentials", $"https://deploy:{gitCred}@git.example.invalid\n", gitCred),
            new("npmrc-auth-token", "/home/app/.npmrc", $"registry=https://npm.example.invalid/\n_auth={npmrcAuth}\n", npmrcAuth),
            new("pypirc-password", "/home/app/.pypirc", $"[pypi]\nusername = deploy\npassword: {pypircPassword}\n", pypircPassword),
            new("kubeconfig-token", "/root/.kube/config", $"apiVersion: v1\nkind: Config\nusers:\n- name: deploy\n  user:\n    token: {kubeToken}\n", kubeToken),
            new("kubeconfig-client-key", "/etc/kubernetes/admin.kubeconfig",
                $"apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-key-data: {kubeKey}\n", kubeKey),
        ];
    }
}
