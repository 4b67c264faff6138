#include "catalog/mig.hpp"

#include <gtest/gtest.h>

namespace hpl::catalog {

TEST(MigLayouts, AllLayoutsFollowTheGpu) {
  EXPECT_TRUE(is_mig_layout("ml.p4d.24xlarge", "all-1g.5gb"));
  EXPECT_TRUE(is_mig_layout("ml.p5.48xlarge", "all-3g.40gb"));
  EXPECT_FALSE(is_mig_layout("ml.p4d.24xlarge", "all-3g.40gb"));  // an 80 GB profile on A100 40GB
  EXPECT_FALSE(is_mig_layout("ml.g5.xlarge", "all-disabled"));    // no MIG on A10G
}

TEST(MigLayouts, MixedLayoutsThatFitOneGpu) {
  for (const char* layout : {"mixed-1-3g.40gb-1-4g.40gb", "mixed-5-1g.10gb-1-2g.20gb",
                             "mixed-1-1g.10gb-1-2g.20gb-1-4g.40gb", "mixed-2-2g.20gb-1-3g.40gb",
                             "mixed-4-1g.10gb-1-3g.40gb", "mixed-1-1g.10gb-3-2g.20gb"}) {
    EXPECT_TRUE(is_mig_layout("ml.p5.48xlarge", layout)) << layout;
  }
  EXPECT_TRUE(is_mig_layout("ml.p4d.24xlarge", "mixed-3-1g.5gb-1-4g.20gb"));
  EXPECT_TRUE(is_mig_layout("ml.p5en.48xlarge", "mixed-1-1g.18gb-1-2g.35gb-1-3g.71gb"));
  EXPECT_TRUE(is_mig_layout("ml.p6-b200.48xlarge", "mixed-1-3g.90gb-1-4g.90gb"));
}

TEST(MigLayouts, MixedLayoutsThatDoNot) {
  for (const char* layout : {"mixed-2-4g.40gb-1-3g.40gb",   // not ascending
                             "mixed-2-3g.40gb-1-4g.40gb",   // 10 compute slices
                             "mixed-7-1g.10gb-1-2g.20gb",   // 9 compute slices
                             "mixed-1-1g.20gb-1-1g.10gb",   // one size twice
                             "mixed-3-1g.20gb-1-4g.40gb",   // 10 memory slices
                             "mixed-1-3g.40gb",             // a single profile is an all-* layout
                             "mixed-0-1g.10gb-1-2g.20gb",   // a count of 0
                             "mixed-1-3g.20gb-1-4g.20gb",   // A100 40GB profiles on an H100
                             "mixed-1-3g.40gb-1-4g.40gb-",  // trailing dash
                             "mixed--", "mixed-"}) {
    EXPECT_FALSE(is_mig_layout("ml.p5.48xlarge", layout)) << layout;
  }
}

}  // namespace hpl::catalog
