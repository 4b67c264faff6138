// The SQLite store: documents and blobs survive a reopen; an uncommitted write does not.
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace hpl::store {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hpl-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(StoreTest, CommittedWritesSurviveReopen) {
  {
    Store store(dir_, false);
    store.put("iam.role", "b", boost::json::object{{"n", 2}});
    store.put("iam.role", "a", boost::json::object{{"n", 1}});
    store.put_blob("bucket/key", std::string("\0bin\xff", 5));
    store.set_meta("clock.now", "42");
    store.commit();
    store.put("iam.role", "c", boost::json::object{{"n", 3}});
    store.rollback();
  }
  Store store(dir_, false);
  auto roles = store.load("iam.role");
  ASSERT_EQ(roles.size(), 2u);
  EXPECT_EQ(roles[0].first, "a");  // ordered by key
  EXPECT_EQ(roles[1].second.as_object().at("n").as_int64(), 2);
  EXPECT_EQ(store.get_blob("bucket/key"), std::string("\0bin\xff", 5));
  EXPECT_EQ(store.meta("clock.now"), "42");
}

TEST_F(StoreTest, EphemeralWritesNothing) {
  {
    Store store(dir_, true);
    store.put("k", "v", boost::json::object{});
    store.commit();
    EXPECT_EQ(store.load("k").size(), 1u);
  }
  EXPECT_FALSE(std::filesystem::exists(dir_));
}

TEST_F(StoreTest, ClearDropsEverything) {
  Store store(dir_, false);
  store.put("k", "v", boost::json::object{});
  store.put_blob("b/k", "x");
  store.commit();
  store.clear();
  EXPECT_TRUE(store.load("k").empty());
  EXPECT_FALSE(store.get_blob("b/k"));
}

}  // namespace
}  // namespace hpl::store
