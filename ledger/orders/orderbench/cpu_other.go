//go:build !unix

package orderbench

import "time"

// ProcessCPU is the CPU time this process has used: not measured here.
func ProcessCPU() time.Duration { return 0 }
