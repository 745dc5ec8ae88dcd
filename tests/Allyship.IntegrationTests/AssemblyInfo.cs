// Test order within a class is by name, or shuffled with ALLYSHIP_TEST_ORDER=random (see ConfigurableOrderer).
[assembly: TestCaseOrderer("Allyship.IntegrationTests.ConfigurableOrderer", "Allyship.IntegrationTests")]
