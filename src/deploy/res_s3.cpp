// Lifecycle scripts: a local folder mirrored to an S3 prefix. HyperPod downloads everything
// under LifeCycleConfig.SourceS3Uri to each new node and runs OnCreate from it, so the prefix
// holds exactly the folder's files: changed files are uploaded again (told apart by their MD5,
// which S3 reports as the ETag of a single-part upload) and files gone from the folder are
// deleted.
#include "aws/encoding.hpp"
#include "deploy/engine.hpp"
#include "deploy/error.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace hpl::deploy {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

class Bucket : public Resource {
 public:
  explicit Bucket(const LifecycleSpec& spec) : spec_(spec) {}
  std::string kind() const override { return "s3-bucket"; }
  std::string name() const override { return spec_.bucket; }
  bool exists() const override { return exists_; }

  void read(Context& ctx) override { exists_ = ctx.aws.bucket_exists(spec_.bucket); }

  Change plan(Context&) override {
    Change c{kind(), name()};
    if (exists_) return c;
    if (!spec_.create_bucket) {
      c.notes.push_back(
          "the bucket does not exist and createBucket is false: create it or set "
          "createBucket: true");
      c.blocked = true;
      return c;
    }
    c.action = Action::Create;
    return c;
  }

  void apply(Context& ctx, const Change& change) override {
    if (change.action != Action::Create) return;
    ctx.progress.start(label(), "creating");
    ctx.aws.create_bucket(spec_.bucket);
    exists_ = true;
    ctx.progress.done(label(), "created", true);
  }

  void destroy(Context& ctx) override {
    // A bucket the stack did not create is left alone, and so is one still holding objects
    // that are not the stack's.
    if (!exists_ || !spec_.create_bucket) return;
    ctx.progress.start(label(), "deleting");
    if (!ctx.aws.list_objects(spec_.bucket, "").empty()) {
      ctx.progress.done(label(), "kept (holds objects outside " + spec_.prefix + ")", true);
      return;
    }
    try {
      ctx.aws.delete_bucket(spec_.bucket);
    } catch (const Error& e) {
      if (!is_not_found(e)) throw;
    }
    exists_ = false;
    ctx.progress.done(label(), "deleted", true);
  }

  StatusRow status() const override {
    return {kind(), name(), "s3://" + spec_.bucket, exists_ ? "present" : "absent", ""};
  }

 private:
  const LifecycleSpec& spec_;
  bool exists_ = false;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class Scripts : public Resource {
 public:
  explicit Scripts(const LifecycleSpec& spec) : spec_(spec) {}
  std::string kind() const override { return "lifecycle-scripts"; }
  std::string name() const override { return "s3://" + spec_.bucket + "/" + spec_.prefix; }
  bool exists() const override { return !remote_.empty(); }

  void read(Context& ctx) override {
    remote_.clear();
    ctx.refs.set("lifecycle.s3Uri", json::string(name()));
    if (!ctx.aws.bucket_exists(spec_.bucket)) return;
    for (const auto& o : ctx.aws.list_objects(spec_.bucket, spec_.prefix)) {
      remote_[o.key] = o.etag;
    }
  }

  Change plan(Context&) override {
    Change c{kind(), name()};
    local_ = local_files();
    for (const auto& [key, path] : local_) {
      std::string md5 = aws::md5_hex(read_file(path));
      auto it = remote_.find(key);
      if (it == remote_.end())
        c.fields.push_back({key, nullptr, json::string("md5 " + md5)});
      else if (it->second != md5) {
        c.fields.push_back({key, json::string("md5 " + it->second), json::string("md5 " + md5)});
      }
    }
    for (const auto& [key, etag] : remote_) {
      if (!local_.count(key)) c.fields.push_back({key, json::string("md5 " + etag), nullptr});
    }
    if (!c.fields.empty()) c.action = remote_.empty() ? Action::Create : Action::Update;
    return c;
  }

  void apply(Context& ctx, const Change& change) override {
    if (change.action == Action::None) return;
    ctx.progress.start(label(), "uploading");
    for (const auto& f : change.fields) {
      if (f.after.is_null()) {
        ctx.aws.delete_object(spec_.bucket, f.path);
        continue;
      }
      const fs::path& path = local_.at(f.path);
      std::string type =
          path.extension() == ".sh" ? "text/x-shellscript" : "application/octet-stream";
      ctx.aws.put_object(spec_.bucket, f.path, read_file(path), type);
    }
    read(ctx);
    ctx.progress.done(label(), std::to_string(change.fields.size()) + " file(s) synced", true);
  }

  void destroy(Context& ctx) override {
    if (remote_.empty()) return;
    ctx.progress.start(label(), "deleting");
    for (const auto& [key, _] : remote_) ctx.aws.delete_object(spec_.bucket, key);
    remote_.clear();
    ctx.progress.done(label(), "deleted", true);
  }

  StatusRow status() const override {
    return {kind(), name(), "", remote_.empty() ? "absent" : "present",
            std::to_string(remote_.size()) + " object(s)"};
  }

 private:
  // Every regular file under the folder, by the S3 key it goes to.
  std::map<std::string, fs::path> local_files() const {
    std::map<std::string, fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(spec_.source_dir, ec)) {
      if (!e.is_regular_file()) continue;
      std::string rel = fs::relative(e.path(), spec_.source_dir).generic_string();
      out[spec_.prefix + rel] = e.path();
    }
    if (ec) {
      throw stack_error("cannot read the lifecycle scripts folder " + spec_.source_dir + ": " +
                        ec.message());
    }
    return out;
  }

  const LifecycleSpec& spec_;
  std::map<std::string, std::string> remote_;  // key -> ETag
  std::map<std::string, fs::path> local_;
};

}  // namespace

void add_s3_resources(const Stack& stack, std::vector<std::unique_ptr<Resource>>& out) {
  if (!stack.lifecycle) return;
  out.push_back(std::make_unique<Bucket>(*stack.lifecycle));
  out.push_back(std::make_unique<Scripts>(*stack.lifecycle));
}

}  // namespace hpl::deploy
