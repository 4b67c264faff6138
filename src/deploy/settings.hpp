// Where hpctl sends requests and with which credentials: the AWS SDKs' standard resolution
// chain (command line, environment, shared config and credentials files, named profiles).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace hpl::deploy {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // temporary credentials only
  std::string source;         // "environment", "shared credentials file (profile dev)", ...
};

// What the command line says; empty strings mean "not given".
struct ConnectionOptions {
  std::string profile;       // --profile
  std::string region;        // --region
  std::string endpoint_url;  // --endpoint-url
};

struct Settings {
  std::string region;
  std::string profile;
  // One URL for every service (the emulator), or empty for the real regional endpoints.
  std::string endpoint_url;
  // AWS_ENDPOINT_URL_<SERVICE> overrides, keyed by our service name ("sagemaker", "eks", ...).
  std::map<std::string, std::string, std::less<>> service_endpoints;
  Credentials credentials;
  int max_attempts = 5;  // per request, retries included (AWS_MAX_ATTEMPTS)
};

// Environment lookup, injectable so tests do not depend on the process environment.
using Env = std::function<std::optional<std::string>(std::string_view)>;
Env process_env();

// Resolves region, endpoint and credentials. The region comes from --region, else the stack
// file's `region` (a stack describes resources in one region), else AWS_REGION,
// AWS_DEFAULT_REGION and the profile's `region`. Credentials follow the SDK order: an explicit
// --profile reads the shared files; otherwise AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY win,
// then the profile named by AWS_PROFILE (or "default") in ~/.aws/credentials and
// ~/.aws/config. Throws Error(Credentials) when no region or no credentials are found.
Settings resolve_settings(const ConnectionOptions& options, std::string_view stack_region,
                          const Env& env);

// One INI section ("default", "profile dev" is stored as "dev" for the config file).
using IniSection = std::map<std::string, std::string, std::less<>>;
// Parses an AWS shared config or credentials file; `config_style` strips the "profile " prefix
// of config-file sections. Nested sub-sections (indented "key = value" under "s3 =") are
// skipped.
std::map<std::string, IniSection, std::less<>> parse_ini(std::string_view text, bool config_style);

}  // namespace hpl::deploy
