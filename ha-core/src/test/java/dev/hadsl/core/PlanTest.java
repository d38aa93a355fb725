package dev.hadsl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {
  private final Host node1 = Host.of("node1", "10.0.0.1");
  private final Host node2 = Host.of("node2", "10.0.0.2");

  @Test
  void expandsTargetsInPlanOrder() {
    Plan plan = Plan.builder()
        .addStep(Step.of("install", Target.each(List.of(node1, node2)), "install", Command.of("yum", "install", "-y", "pcs")))
        .addStep(Step.of("cluster", Target.oneOf(List.of(node1, node2)), "set up cluster", Command.of("pcs", "cluster", "setup")))
        .addStep(Step.of("only-2", Target.host(node2), "on node2", Command.of("true")))
        .build();
    assertThat(plan.runs()).extracting(run -> run.number() + ":" + run.host().name() + ":" + run.step().id())
        .containsExactly("1:node1:install", "2:node2:install", "3:node1:cluster", "4:node2:only-2");
    assertThat(plan.hosts()).containsExactly(node1, node2);
    assertThat(plan.runsOn("node2")).extracting(Plan.Run::number).containsExactly(2, 4);
  }

  @Test
  void narrowsToARejoiningHostWithoutTheClusterWideSteps() {
    Plan plan = Plan.builder()
        .addStep(Step.of("install", Target.each(List.of(node1, node2)), "install", Command.of("yum", "install", "-y", "pcs")))
        .addStep(Step.of("cluster", Target.oneOf(List.of(node1, node2)), "set up cluster", Command.of("pcs", "cluster", "setup")))
        .addStep(Step.of("only-1", Target.host(node1), "on node1", Command.of("true")))
        .addStep(Step.of("only-2", Target.host(node2), "on node2", Command.of("true")))
        .build();
    assertThat(plan.narrowedTo("node1").runs()).extracting(run -> run.host().name() + ":" + run.step().id())
        .containsExactly("node1:install", "node1:only-1");
    assertThat(plan.narrowedTo("node2").steps()).allSatisfy(step -> assertThat(step.target()).isEqualTo(Target.host(node2)));
    assertThatThrownBy(() -> plan.narrowedTo("node9")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("plan: no step runs on host 'node9' (hosts: [node1, node2])");
  }

  @Test
  void refusesDuplicateIdsAndConflictingHostsAllAtOnce() {
    Host impostor = Host.of("node1", "10.0.0.9");
    assertThatThrownBy(() -> Plan.builder()
        .addStep(Step.of("a", Target.host(node1), "a", Command.of("true")))
        .addStep(Step.of("a", Target.host(node2), "a again", Command.of("true")))
        .addStep(Step.of("b", Target.host(impostor), "b", Command.of("true")))
        .build())
        .isInstanceOf(ValidationException.class)
        .hasMessage("plan: 2 problems\n"
            + "  - step id 'a' is used by step 1 and step 2\n"
            + "  - host 'node1' is node1 (10.0.0.1) in one step and node1 (10.0.0.9) in step 'b'");
  }

  @Test
  void plansConcatenate() {
    Plan first = Plan.builder().addStep(Step.of("a", Target.host(node1), "a", Command.of("true"))).build();
    Plan second = Plan.builder().addStep(Step.of("b", Target.host(node2), "b", Command.of("true"))).build();
    assertThat(Plan.builder().addPlan(first).addPlan(second).build().steps()).extracting(Step::id).containsExactly("a", "b");
    assertThat(first.step("a").description()).isEqualTo("a");
    assertThatThrownBy(() -> first.step("zzz")).hasMessage("plan has no step 'zzz'");
  }

  @Test
  void textWriterIndentsWithoutTrailingSpaces() {
    String text = new TextWriter().line("a").indent().line("b  ").line("").line("c").outdent().blankLine().blankLine()
        .line("d").toString();
    assertThat(text).isEqualTo("a\n  b\n\n  c\n\nd\n");
  }
}
