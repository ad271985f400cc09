package orders_test

import "context"

var ctx = context.Background()
