// Region, endpoint and credentials resolution: the SDKs' order, with an injected environment.
#include "deploy/error.hpp"
#include "deploy/settings.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

namespace hpl::deploy {
namespace {

namespace fs = std::filesystem;

struct Files {
  Files() {
    dir = fs::temp_directory_path() /
          ("hpctl-settings-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(dir);
    std::ofstream(dir / "credentials") << "[default]\naws_access_key_id = DEFAULTKEY\n"
                                          "aws_secret_access_key = defaultsecret\n\n"
                                          "[dev]\naws_access_key_id=DEVKEY\n"
                                          "aws_secret_access_key=devsecret\n"
                                          "aws_session_token=devtoken\n";
    std::ofstream(dir / "config") << "[default]\nregion = eu-west-1\n"
                                     "[profile dev]\nregion = ap-south-1\n"
                                     "endpoint_url = http://localhost:9999\n"
                                     "s3 =\n  addressing_style = path\n";
  }
  ~Files() { fs::remove_all(dir); }
  Env env(std::map<std::string, std::string> extra) const {
    extra["AWS_SHARED_CREDENTIALS_FILE"] = (dir / "credentials").string();
    extra["AWS_CONFIG_FILE"] = (dir / "config").string();
    return [extra](std::string_view name) -> std::optional<std::string> {
      auto it = extra.find(std::string(name));
      if (it == extra.end()) return std::nullopt;
      return it->second;
    };
  }
  fs::path dir;
  static inline int counter = 0;
};

TEST(DeploySettings, EnvironmentCredentialsWinOverTheDefaultProfile) {
  Files f;
  auto s = resolve_settings({}, "",
                            f.env({{"AWS_ACCESS_KEY_ID", "ENVKEY"},
                                   {"AWS_SECRET_ACCESS_KEY", "envsecret"},
                                   {"AWS_REGION", "us-east-2"}}));
  EXPECT_EQ(s.credentials.access_key_id, "ENVKEY");
  EXPECT_EQ(s.credentials.source, "environment");
  EXPECT_EQ(s.region, "us-east-2");
}

TEST(DeploySettings, ExplicitProfileWinsOverEnvironment) {
  Files f;
  ConnectionOptions o;
  o.profile = "dev";
  auto s = resolve_settings(
      o, "", f.env({{"AWS_ACCESS_KEY_ID", "ENVKEY"}, {"AWS_SECRET_ACCESS_KEY", "envsecret"}}));
  EXPECT_EQ(s.credentials.access_key_id, "DEVKEY");
  EXPECT_EQ(s.credentials.session_token, "devtoken");
  EXPECT_EQ(s.region, "ap-south-1");
  EXPECT_EQ(s.endpoint_url, "http://localhost:9999");
}

TEST(DeploySettings, AwsProfileVariableAndStackRegion) {
  Files f;
  auto s = resolve_settings({}, "us-west-2",
                            f.env({{"AWS_PROFILE", "dev"}, {"AWS_REGION", "us-east-1"}}));
  EXPECT_EQ(s.credentials.access_key_id, "DEVKEY");
  EXPECT_EQ(s.region, "us-west-2");  // the stack names its region
}

TEST(DeploySettings, EndpointPrecedence) {
  Files f;
  ConnectionOptions o;
  o.endpoint_url = "http://127.0.0.1:4596/";
  auto s = resolve_settings(o, "", f.env({{"AWS_ENDPOINT_URL", "http://elsewhere"}}));
  EXPECT_EQ(s.endpoint_url, "http://127.0.0.1:4596");
  auto t = resolve_settings({}, "",
                            f.env({{"AWS_ENDPOINT_URL", "http://elsewhere"},
                                   {"AWS_ENDPOINT_URL_S3", "http://s3.local"}}));
  EXPECT_EQ(t.endpoint_url, "http://elsewhere");
  EXPECT_EQ(t.service_endpoints.at("s3"), "http://s3.local");
  auto u = resolve_settings({}, "",
                            f.env({{"AWS_ENDPOINT_URL", "http://elsewhere"},
                                   {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}}));
  EXPECT_EQ(u.endpoint_url, "");
}

TEST(DeploySettings, MissingCredentialsSayWhatToDo) {
  Files f;
  ConnectionOptions o;
  o.profile = "nobody";
  o.region = "us-west-2";
  try {
    resolve_settings(o, "", f.env({}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Credentials);
    EXPECT_NE(std::string(e.what()).find("profile 'nobody'"), std::string::npos);
  }
}

TEST(DeploySettings, IniSkipsNestedSections) {
  auto ini = parse_ini(
      "[profile x]\nregion = r\ns3 =\n  max_concurrent_requests = 2\n"
      "output = json\n",
      true);
  EXPECT_EQ(ini.at("x").at("region"), "r");
  EXPECT_EQ(ini.at("x").count("max_concurrent_requests"), 0u);
  EXPECT_EQ(ini.at("x").at("output"), "json");
}

}  // namespace
}  // namespace hpl::deploy
