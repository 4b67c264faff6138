#include "deploy/settings.hpp"

#include "deploy/error.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace hpl::deploy {

namespace {

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::optional<std::string> non_empty(const Env& env, std::string_view name) {
  auto v = env(name);
  if (v && v->empty()) return std::nullopt;
  return v;
}

std::string home_path(const Env& env, std::string_view rest) {
  auto home = non_empty(env, "HOME");
  return (home ? *home : std::string(".")) + std::string(rest);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return "";
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::optional<std::string> lookup(const std::map<std::string, IniSection, std::less<>>& file,
                                  std::string_view profile, std::string_view key) {
  auto s = file.find(profile);
  if (s == file.end()) return std::nullopt;
  auto k = s->second.find(key);
  if (k == s->second.end() || k->second.empty()) return std::nullopt;
  return k->second;
}

// The service names AWS_ENDPOINT_URL_<SERVICE> uses for the services hpctl talks to.
constexpr std::pair<std::string_view, std::string_view> kServiceEnvNames[] = {
    {"sagemaker", "SAGEMAKER"},
    {"eks", "EKS"},
    {"iam", "IAM"},
    {"sts", "STS"},
    {"ec2", "EC2"},
    {"s3", "S3"},
};

struct SharedFiles {
  std::map<std::string, IniSection, std::less<>> credentials, config;
};

SharedFiles load_shared_files(const Env& env) {
  auto cred_path = non_empty(env, "AWS_SHARED_CREDENTIALS_FILE");
  auto conf_path = non_empty(env, "AWS_CONFIG_FILE");
  SharedFiles files;
  files.credentials =
      parse_ini(read_file(cred_path ? *cred_path : home_path(env, "/.aws/credentials")), false);
  files.config =
      parse_ini(read_file(conf_path ? *conf_path : home_path(env, "/.aws/config")), true);
  return files;
}

std::optional<Credentials> profile_credentials(const SharedFiles& files,
                                               const std::string& profile) {
  for (const auto* file : {&files.credentials, &files.config}) {
    auto id = lookup(*file, profile, "aws_access_key_id");
    auto secret = lookup(*file, profile, "aws_secret_access_key");
    if (!id || !secret) continue;
    Credentials c{*id, *secret, lookup(*file, profile, "aws_session_token").value_or(""), ""};
    c.source =
        std::string(file == &files.credentials ? "shared credentials file" : "shared config file") +
        " (profile " + profile + ")";
    return c;
  }
  return std::nullopt;
}

Credentials resolve_credentials(const ConnectionOptions& options, const Env& env,
                                const SharedFiles& files, const std::string& profile) {
  auto id = non_empty(env, "AWS_ACCESS_KEY_ID");
  auto secret = non_empty(env, "AWS_SECRET_ACCESS_KEY");
  if (options.profile.empty() && id && secret) {
    return {*id, *secret, non_empty(env, "AWS_SESSION_TOKEN").value_or(""), "environment"};
  }
  if (auto c = profile_credentials(files, profile)) return *c;
  std::string why =
      "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
      "or add profile '" +
      profile + "' to ~/.aws/credentials";
  if (lookup(files.config, profile, "role_arn") || lookup(files.config, profile, "sso_session") ||
      lookup(files.config, profile, "credential_process")) {
    why += " (profile '" + profile +
           "' uses role_arn, SSO or credential_process, which hpctl "
           "does not support yet; export temporary credentials with `aws configure "
           "export-credentials --profile " +
           profile + " --format env`)";
  }
  throw Error(ErrorKind::Credentials, why);
}

}  // namespace

Env process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

std::map<std::string, IniSection, std::less<>> parse_ini(std::string_view text, bool config_style) {
  std::map<std::string, IniSection, std::less<>> out;
  std::string section;
  bool in_nested = false;
  std::istringstream lines{std::string(text)};
  for (std::string raw; std::getline(lines, raw);) {
    std::string line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = trim(line.substr(1, line.size() - 2));
      if (config_style && section.rfind("profile ", 0) == 0) section = trim(section.substr(8));
      out[section];
      in_nested = false;
      continue;
    }
    bool indented = std::isspace(static_cast<unsigned char>(raw[0]));
    if (indented && in_nested) continue;
    auto eq = line.find('=');
    if (eq == std::string::npos || section.empty()) continue;
    std::string key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
    in_nested = value.empty();
    if (!in_nested) out[section][key] = value;
  }
  return out;
}

Settings resolve_settings(const ConnectionOptions& options, std::string_view stack_region,
                          const Env& env) {
  Settings s;
  s.profile = !options.profile.empty() ? options.profile
                                       : non_empty(env, "AWS_PROFILE").value_or("default");
  SharedFiles files = load_shared_files(env);

  if (!options.region.empty())
    s.region = options.region;
  else if (!stack_region.empty())
    s.region = stack_region;
  else if (auto r = non_empty(env, "AWS_REGION"))
    s.region = *r;
  else if (auto r2 = non_empty(env, "AWS_DEFAULT_REGION"))
    s.region = *r2;
  else if (auto r3 = lookup(files.config, s.profile, "region"))
    s.region = *r3;
  if (s.region.empty()) {
    throw Error(ErrorKind::Credentials,
                "no AWS region: pass --region, set `region:` in the stack file, or set "
                "AWS_REGION");
  }

  // AWS_IGNORE_CONFIGURED_ENDPOINT_URLS turns off every endpoint but the command line's.
  bool ignore = non_empty(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").value_or("") == "true";
  if (!options.endpoint_url.empty())
    s.endpoint_url = options.endpoint_url;
  else if (ignore)
    s.endpoint_url = "";
  else if (auto e = non_empty(env, "AWS_ENDPOINT_URL"))
    s.endpoint_url = *e;
  else if (auto e2 = lookup(files.config, s.profile, "endpoint_url"))
    s.endpoint_url = *e2;
  if (options.endpoint_url.empty() && !ignore) {
    for (const auto& [service, env_name] : kServiceEnvNames) {
      if (auto e = non_empty(env, "AWS_ENDPOINT_URL_" + std::string(env_name))) {
        s.service_endpoints[std::string(service)] = *e;
      }
    }
  }
  while (!s.endpoint_url.empty() && s.endpoint_url.back() == '/') s.endpoint_url.pop_back();

  if (auto attempts = non_empty(env, "AWS_MAX_ATTEMPTS")) {
    int n = std::atoi(attempts->c_str());
    if (n >= 1 && n <= 20) s.max_attempts = n;
  }
  s.credentials = resolve_credentials(options, env, files, s.profile);
  return s;
}

}  // namespace hpl::deploy
